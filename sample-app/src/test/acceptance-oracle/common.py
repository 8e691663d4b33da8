import asyncio
U = 0.03
T0 = None
def t():
    return round((asyncio.get_running_loop().time() - T0) / U, 1)
def start():
    global T0
    T0 = asyncio.get_running_loop().time()
