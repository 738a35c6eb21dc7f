"""Run the chat: `python app.py [--port 7860] [--host 127.0.0.1] [--corpus DIR] [--index DIR]`.

The same as `qa serve` with the same flags.
"""

import sys

from qa.cli import main

if __name__ == "__main__":
    sys.exit(main(["serve", *sys.argv[1:]]))
