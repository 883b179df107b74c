"""Tests of ballottage.inference: the transfer estimators, their units and benchmark."""
