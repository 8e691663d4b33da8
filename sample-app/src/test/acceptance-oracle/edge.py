import asyncio, common
from common import U, t
async def body(name):
    print("body ran", name)
    await asyncio.sleep(U)
async def cancel_before_start():
    tk = asyncio.create_task(body("x"))
    print(tk.cancel())
    try:
        await tk
    except asyncio.CancelledError:
        print("cancelled", tk.cancelled())
async def self_cancel():
    me = asyncio.current_task()
    me.cancel("self")
    print("still running", me.cancelling())
    try:
        await asyncio.sleep(0)
        print("not here")
    except asyncio.CancelledError as e:
        print("got", e.args, me.cancelling(), me.uncancel())
    await asyncio.sleep(0)
    print("continues")
async def sleeper(n, name):
    try:
        await asyncio.sleep(n*U)
        return name
    except asyncio.CancelledError:
        print("child cancelled", name)
        raise
async def gather_cancel():
    g = asyncio.gather(sleeper(1, "a"), sleeper(2, "b"))
    await asyncio.sleep(0)
    print("cancel", g.cancel())
    try:
        await g
    except asyncio.CancelledError:
        print("gather cancelled", g.cancelled())
async def gather_task_cancel():
    async def parent():
        return await asyncio.gather(sleeper(1, "a"), sleeper(2, "b"), return_exceptions=True)
    p = asyncio.create_task(parent())
    await asyncio.sleep(0); await asyncio.sleep(0)
    p.cancel()
    try:
        await p
    except asyncio.CancelledError:
        print("parent cancelled", p.cancelled())
async def nested_timeouts():
    common.start()
    try:
        async with asyncio.timeout(1*U):
            try:
                async with asyncio.timeout(5*U):
                    await asyncio.sleep(10*U)
            except TimeoutError:
                print("inner timeout (wrong)")
            except asyncio.CancelledError:
                print("inner saw cancel")
                raise
    except TimeoutError:
        print("outer timeout", t())
    try:
        async with asyncio.timeout(0):
            print("in zero timeout")
            await asyncio.sleep(1*U)
    except TimeoutError:
        print("zero timeout", t())
async def waitfor_task():
    common.start()
    tk = asyncio.create_task(sleeper(5, "w"))
    try:
        await asyncio.wait_for(tk, 1*U)
    except TimeoutError:
        print("timeout", tk.cancelled(), t())
    tk2 = asyncio.create_task(sleeper(5, "s"))
    try:
        await asyncio.wait_for(asyncio.shield(tk2), 1*U)
    except TimeoutError:
        print("shielded timeout", tk2.cancelled(), t())
    print(await tk2, t())
async def failing(n, msg):
    await asyncio.sleep(n*U)
    raise ValueError(msg)
async def tg_body_raises():
    common.start()
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(sleeper(5, "c1"))
            tg.create_task(sleeper(5, "c2"))
            await asyncio.sleep(1*U)
            raise KeyError("body")
    except* KeyError as eg:
        print("body error", [repr(e) for e in eg.exceptions], t())
async def tg_outer_cancel():
    async def inner():
        async with asyncio.TaskGroup() as tg:
            tg.create_task(sleeper(5, "k1"))
            await asyncio.sleep(10*U)
    tk = asyncio.create_task(inner())
    await asyncio.sleep(1*U)
    tk.cancel()
    try:
        await tk
    except asyncio.CancelledError:
        print("outer cancel passed", tk.cancelled())
async def tg_nested_create():
    async def spawner(tg, depth):
        await asyncio.sleep(U)
        print("spawn", depth)
        if depth < 3:
            tg.create_task(spawner(tg, depth + 1))
    async with asyncio.TaskGroup() as tg:
        tg.create_task(spawner(tg, 1))
    print("all done")
def cb_error():
    loop = asyncio.new_event_loop()
    loop.set_exception_handler(lambda l, c: print("handler", c["message"].split(" ")[0:3], type(c["exception"]).__name__))
    def bad():
        raise ZeroDivisionError()
    loop.call_soon(bad)
    loop.call_soon(lambda: print("next callback runs"))
    loop.call_soon(loop.stop)
    loop.run_forever()
    loop.close()
async def shutdown():
    async def stubborn():
        try:
            await asyncio.sleep(100)
        except asyncio.CancelledError:
            print("stubborn cleanup")
            await asyncio.sleep(U)
            print("stubborn cleaned")
            raise
    async def rude():
        try:
            await asyncio.sleep(100)
        finally:
            raise RuntimeError("rude")
    asyncio.get_running_loop().set_exception_handler(lambda l, c: print("handler", c["message"], repr(c.get("exception"))))
    asyncio.create_task(stubborn())
    asyncio.create_task(rude())
    await asyncio.sleep(0)
    print("main returns")
    return "main result"
for m in [cancel_before_start, self_cancel, gather_cancel, gather_task_cancel, nested_timeouts, waitfor_task, tg_body_raises, tg_outer_cancel, tg_nested_create, shutdown]:
    print("==", m.__name__)
    print(asyncio.run(m()))
print("== cb_error")
cb_error()
