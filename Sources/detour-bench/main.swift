import DetourCore
print("bench")
