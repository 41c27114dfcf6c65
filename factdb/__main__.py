from factdb.cli import main

main()
