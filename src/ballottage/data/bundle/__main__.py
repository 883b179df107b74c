"""``python -m ballottage.data.bundle [DATA_DIR] [--out DIR]``: build the bundled figures."""

from ballottage.data.bundle.build import main

raise SystemExit(main())
