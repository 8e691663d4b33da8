import asyncio, common, gc, threading, time
from common import U, t
log = []
async def callbacks():
    common.start()
    loop = asyncio.get_running_loop()
    loop.call_later(2*U, print, "later2")
    loop.call_later(1*U, print, "later1a")
    loop.call_soon(print, "soon1")
    loop.call_later(1*U, print, "later1b")
    h = loop.call_later(1*U, print, "cancelled")
    loop.call_soon(print, "soon2")
    h.cancel()
    print("before yield")
    await asyncio.sleep(0)
    print("after yield")
    await asyncio.sleep(3*U)
    print("end")
async def set_after(fut, delay, value):
    await asyncio.sleep(delay*U)
    fut.set_result(value)
async def futures():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.create_task(set_after(fut, 1, '... world'))
    print('hello ...')
    print(await fut)
    fut2 = loop.create_future()
    loop.call_later(U, fut2.set_result, 42)
    print(await fut2)
async def waiter(f, name):
    print(name, "waits")
    v = await f
    print(name, "woke", v)
async def done_cbs():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.add_done_callback(lambda x: print("cb1", x.result()))
    w = asyncio.create_task(waiter(f, "w"))
    await asyncio.sleep(0)
    f.add_done_callback(lambda x: print("cb2", x.result()))
    f.set_result(7)
    print("set")
    f.add_done_callback(lambda x: print("cb3 (added after done)"))
    await asyncio.sleep(0)
    print("main after one tick")
    await w
    print("main done")
def run_until():
    loop = asyncio.new_event_loop()
    async def coro():
        await asyncio.sleep(U)
        return "done"
    print(loop.run_until_complete(coro()))
    t = loop.create_task(coro())
    print(loop.run_until_complete(t), t.done())
    loop.close()
async def bad():
    raise ValueError("nobody looks")
async def unretrieved():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(lambda l, ctx: print("handler:", ctx["message"], repr(ctx.get("exception"))))
    t = asyncio.create_task(bad())
    await asyncio.sleep(0); await asyncio.sleep(0)
    print("task done", t.done())
    del t
    f = loop.create_future()
    f.set_exception(KeyError("k"))
    del f
    gc.collect()
    print("after gc")
def blocking_io():
    time.sleep(0.05)
    return threading.current_thread() is not threading.main_thread()
async def tothread():
    common.start()
    r = await asyncio.gather(asyncio.to_thread(blocking_io), asyncio.sleep(U, "slept"))
    print(r)
for m in [callbacks, futures, done_cbs, unretrieved, tothread]:
    print("==", m.__name__)
    asyncio.run(m())
print("== run_until")
run_until()
