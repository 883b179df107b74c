"""The application layer: stored figures (``ballottage.data``) through the law
(``ballottage.law``), as frozen typed values.

This package is the one place that composes the store and the law; the command line, the web
page and the report render what it returns and decide nothing. Modules:

* :mod:`~ballottage.elections.names` resolves an election given by id, year or ``all``;
* :mod:`~ballottage.elections.outcomes`: qualification, seats, checks against published seats;
* :mod:`~ballottage.elections.story` and :mod:`~ballottage.elections.comparison`: an election
  told region by region, and two side by side;
* :mod:`~ballottage.elections.overview`: everything the report shows of an election;
* :mod:`~ballottage.elections.transfers` and :mod:`~ballottage.elections.whatif`: the transfer
  estimate and the what-if simulation of a region.

Nothing is imported here, so that a module of this package can be imported alone.
"""
