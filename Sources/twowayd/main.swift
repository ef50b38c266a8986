print("twowayd")
