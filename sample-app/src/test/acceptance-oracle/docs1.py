import asyncio, common
from common import U, t
async def say_after(delay, what):
    await asyncio.sleep(delay*U)
    print(what, t())
async def seq():
    common.start()
    print("started at", t())
    await say_after(1, 'hello')
    await say_after(2, 'world')
    print("finished at", t())
async def conc():
    common.start()
    task1 = asyncio.create_task(say_after(1, 'hello'))
    task2 = asyncio.create_task(say_after(2, 'world'))
    print("started at", t())
    await task1
    await task2
    print("finished at", t())
async def factorial(name, number):
    f = 1
    for i in range(2, number + 1):
        print(f"Task {name}: Compute factorial({number}), currently i={i}...")
        await asyncio.sleep(U)
        f *= i
    print(f"Task {name}: factorial({number}) = {f}")
    return f
async def fact():
    L = await asyncio.gather(factorial("A", 2), factorial("B", 3), factorial("C", 4))
    print(L)
async def boom(n):
    await asyncio.sleep(n*U)
    raise ValueError(f"boom{n}")
async def val(n):
    await asyncio.sleep(n*U)
    return n
async def retexc():
    common.start()
    r = await asyncio.gather(val(1), boom(2), val(3), return_exceptions=True)
    print([repr(x) for x in r], t())
    try:
        await asyncio.gather(val(1), boom(2), val(3))
    except ValueError as e:
        print("caught", e, t())
    await asyncio.sleep(2*U)
    print("end", t())
async def eternity():
    try:
        await asyncio.sleep(3600)
        print('yay!')
    finally:
        print("eternity finally", t())
async def waitfor():
    common.start()
    try:
        await asyncio.wait_for(eternity(), timeout=1.0*U)
    except TimeoutError as e:
        print('timeout!', t(), type(e.__cause__).__name__)
for m in [seq, conc, fact, retexc, waitfor]:
    print("==", m.__name__)
    asyncio.run(m())
