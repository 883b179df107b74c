"""``python -m ballottage``: the same as the ``ballottage`` command."""

from ballottage.cli import main

if __name__ == "__main__":
    main()
