"""``python -m ballottage``: the same as the ``ballottage`` command."""

from ballottage.launcher import main

if __name__ == "__main__":
    main()
