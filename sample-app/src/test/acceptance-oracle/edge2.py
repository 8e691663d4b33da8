import asyncio, common
from common import U, t
async def raises_cancel(f):
    await f
async def foreign_cancel():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    tk = asyncio.create_task(raises_cancel(f))
    await asyncio.sleep(0)
    f.cancel("fut msg")
    try:
        await tk
    except asyncio.CancelledError as e:
        print("awaiter got", e.args, tk.cancelled(), tk.cancelling())
async def swallower():
    try:
        await asyncio.sleep(1*U)
    except asyncio.CancelledError:
        print("inner swallowed")
    return "inner value"
async def outer_of_swallower():
    v = await asyncio.create_task(swallower())
    print("outer got", v, asyncio.current_task().cancelling())
    await asyncio.sleep(0)
    print("outer continues")
    return "outer value"
async def cancel_through_swallower():
    tk = asyncio.create_task(outer_of_swallower())
    await asyncio.sleep(0); await asyncio.sleep(0)
    print("cancel", tk.cancel())
    print("result", await tk, tk.cancelled())
async def futures_api():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    try: f.result()
    except asyncio.InvalidStateError as e: print("pending result:", e)
    f.set_result(1)
    try: f.set_result(2)
    except asyncio.InvalidStateError as e: print("set twice:", e)
    print("cancel done", f.cancel())
    g = loop.create_future()
    g.cancel("why")
    try: g.exception()
    except asyncio.CancelledError as e: print("exception() on cancelled:", e.args)
    cb = lambda x: print("cb")
    h = loop.create_future()
    h.add_done_callback(cb); h.add_done_callback(cb)
    print("removed", h.remove_done_callback(cb))
    print("ensure same", asyncio.ensure_future(h) is h)
    print("gather empty", await asyncio.gather())
    async def one(): return 1
    c = asyncio.ensure_future(one())
    print("dup", await asyncio.gather(c, c))
    common.start()
    await asyncio.sleep(-1)
    print("negative sleep", t())
    print("current in callback:")
    loop.call_soon(lambda: print("  ", asyncio.current_task()))
    await asyncio.sleep(0)
async def waitfor_raises():
    async def bad():
        await asyncio.sleep(U)
        raise KeyError("early")
    try:
        await asyncio.wait_for(bad(), 5*U)
    except KeyError as e:
        print("propagated", e)
    print(await asyncio.wait_for(asyncio.sleep(U, "none-timeout"), None))
async def tg_after():
    async with asyncio.TaskGroup() as tg:
        pass
    async def c(): pass
    co = c()
    try:
        tg.create_task(co)
    except RuntimeError as e:
        print("after finished:", e)
for m in [foreign_cancel, cancel_through_swallower, futures_api, waitfor_raises, tg_after]:
    print("==", m.__name__)
    asyncio.run(m())
