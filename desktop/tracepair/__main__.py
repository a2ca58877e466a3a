import multiprocessing

from tracepair.cli.main import main

if __name__ == "__main__":
    # A frozen bundle starts its worker processes by running itself: this answers them.
    multiprocessing.freeze_support()
    raise SystemExit(main())
