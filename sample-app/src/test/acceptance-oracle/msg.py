import asyncio
async def child(n):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print("child", n, e.args)
        raise
async def parent():
    try:
        await asyncio.gather(child(1), child(2))
    except asyncio.CancelledError as e:
        print("parent", e.args)
        raise
async def waiter_of(t):
    try:
        await t
    except asyncio.CancelledError as e:
        print("waiter", e.args)
async def main():
    t = asyncio.create_task(parent())
    await asyncio.sleep(0); await asyncio.sleep(0)
    t.cancel("bye")
    await waiter_of(t)
    f = asyncio.get_running_loop().create_future()
    w = asyncio.create_task(waiter_of(f))
    await asyncio.sleep(0)
    w.cancel("direct")
    await asyncio.sleep(0)
    print("future cancelled by waiter's cancel", f.cancelled())
    await w
asyncio.run(main())
