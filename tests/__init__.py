"""The test suite (a package so that its top-level conftest has a unique name)."""
