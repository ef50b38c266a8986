print("twowayctl")
