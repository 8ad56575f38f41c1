print("hello from the python stand-in case")
