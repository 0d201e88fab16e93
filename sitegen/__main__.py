"""`python -m sitegen` runs the same CLI as the `sitegen` console script."""

from sitegen.cli import main

raise SystemExit(main())
