"""`python -m convert` and the `report-convert` command."""
import gc


def main() -> None:
    # A command's process: no garbage collection while it imports; convert.cli.run turns it
    # on again for report after report (collector.converting)
    gc.disable()
    from convert.cli import run

    run()


if __name__ == "__main__":
    main()
