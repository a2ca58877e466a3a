from tracepair.cli.main import main

raise SystemExit(main())
