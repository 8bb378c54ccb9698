from ledgerlint.cli import main

main()
