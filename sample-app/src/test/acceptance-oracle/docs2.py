import asyncio, common
from common import U, t
async def val(n, name=None):
    try:
        await asyncio.sleep(n*U)
    except asyncio.CancelledError:
        print("cancelled", name or n, t())
        raise
    return n
async def boom(n):
    await asyncio.sleep(n*U)
    raise ValueError(f"boom{n}")
async def shield_demo():
    common.start()
    inner = asyncio.create_task(val(3, "inner"))
    async def waiter():
        try:
            return await asyncio.shield(inner)
        except asyncio.CancelledError:
            print("waiter cancelled", t(), inner.done())
            raise
    w = asyncio.create_task(waiter())
    await asyncio.sleep(U)
    w.cancel()
    try:
        await w
    except asyncio.CancelledError:
        print("w cancelled", w.cancelled(), t())
    print("inner result", await inner, t())
async def tg_demo():
    common.start()
    try:
        async with asyncio.TaskGroup() as tg:
            t1 = tg.create_task(val(1, "a"))
            t2 = tg.create_task(boom(2))
            t3 = tg.create_task(val(5, "c"))
            print("body done", t())
    except* ValueError as eg:
        print("eg", [str(e) for e in eg.exceptions], t())
    print(t1.result(), t2.done(), t3.cancelled())
    print("cancelling after", asyncio.current_task().cancelling())
async def tg_body_cancelled():
    common.start()
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(boom(1))
            try:
                await asyncio.sleep(10*U)
            except asyncio.CancelledError:
                print("body cancelled", t())
                raise
    except* ValueError as eg:
        print("eg", [str(e) for e in eg.exceptions], t())
async def timeout_demo():
    common.start()
    try:
        async with asyncio.timeout(None) as cm:
            cm.reschedule(asyncio.get_running_loop().time() + 2*U)
            await asyncio.sleep(10*U)
    except TimeoutError:
        print("timed out", t(), cm.expired())
    async with asyncio.timeout(5*U) as cm2:
        await asyncio.sleep(U)
    print("no timeout", cm2.expired(), t())
    try:
        async with asyncio.timeout(U) as cm3:
            cm3.reschedule(asyncio.get_running_loop().time() + 3*U)
            await asyncio.sleep(10*U)
    except TimeoutError:
        print("timed out later", t())
async def asc():
    common.start()
    tasks = [asyncio.create_task(val(n)) for n in (3, 1, 2)]
    for i, f in enumerate(asyncio.as_completed(tasks)):
        print(">>" * (i + 1), await f, t())
async def waitdemo():
    common.start()
    ts = [asyncio.create_task(val(n)) for n in (3, 1, 2)]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_COMPLETED)
    print("first", [x.result() for x in done], len(pending), t())
    b = asyncio.create_task(boom(1))
    done, pending = await asyncio.wait(ts + [b], return_when=asyncio.FIRST_EXCEPTION)
    print("fe", sorted(str(x.exception()) if x.exception() else str(x.result()) for x in done), len(pending), t())
    for p in pending: p.cancel()
    done, pending = await asyncio.wait(ts, timeout=0.5*U)
    print("after", [x.cancelled() for x in ts], t())
async def cancel_me():
    print('cancel_me(): before sleep')
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        print('cancel_me(): cancel sleep')
        raise
    finally:
        print('cancel_me(): after sleep')
async def cancel_demo():
    task = asyncio.create_task(cancel_me())
    await asyncio.sleep(U)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("main(): cancel_me is cancelled now", task.cancelled())
async def swallow():
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        print("swallowed", asyncio.current_task().cancelling())
    await asyncio.sleep(U)
    return "survived"
async def swallow_demo():
    task = asyncio.create_task(swallow())
    await asyncio.sleep(0)
    print(task.cancel("stop"))
    print(await task, task.cancelled(), task.cancelling())
async def tasks_demo():
    me = asyncio.current_task()
    print(me.get_name())
    a = asyncio.create_task(asyncio.sleep(U), name="sleeper")
    print(sorted(x.get_name() for x in asyncio.all_tasks()))
    await a
    print(sorted(x.get_name() for x in asyncio.all_tasks()))
for m in [shield_demo, tg_demo, tg_body_cancelled, timeout_demo, asc, waitdemo, cancel_demo, swallow_demo, tasks_demo]:
    print("==", m.__name__)
    asyncio.run(m())
