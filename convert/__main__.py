import gc

gc.disable()  # a command's process: convert.cli.run, which turns it on for report after report

from convert.cli import run  # noqa: E402

run()
