"""`python -m convert` and the `report-convert` command."""
import gc


def main() -> None:
    # No garbage collection while the command imports, nor after until the batch knows whether
    # it converts one report (then none) or report after report (collector.converting)
    gc.disable()
    from convert.cli import run

    run()


if __name__ == "__main__":
    main()
