import asyncio
async def race():
    try:
        print("race", await asyncio.wait_for(asyncio.sleep(1, 'x'), 1))
    except TimeoutError:
        print("race timeout")
async def awaiter(f):
    try:
        v = await f
        print("awaiter got", v)
    except asyncio.CancelledError:
        print("awaiter cancelled instead of", f.result())
        raise
async def cancel_after_wakeup():
    f = asyncio.get_running_loop().create_future()
    t = asyncio.create_task(awaiter(f))
    await asyncio.sleep(0)
    f.set_result(1)
    print("cancel", t.cancel())
    try: await t
    except asyncio.CancelledError: print("task cancelled", t.cancelled())
async def sl(n, v):
    await asyncio.sleep(n)
    return v
async def double_cancel():
    t = asyncio.create_task(sl(10, 1))
    await asyncio.sleep(0)
    print(t.cancel(), t.cancel(), t.cancelling())
    try: await t
    except asyncio.CancelledError: print("cancelled", t.cancelling())
async def same_tick():
    ts = [asyncio.create_task(sl(1, i)) for i in range(3)] + [asyncio.create_task(sl(2, 9))]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_COMPLETED)
    print(sorted(d.result() for d in done), len(pending))
    for p in pending: p.cancel()
async def failing():
    await asyncio.sleep(1)
    raise ValueError("shielded failure")
async def shield_unretrieved():
    asyncio.get_running_loop().set_exception_handler(lambda l, c: print("handler", c["message"]))
    async def w():
        await asyncio.shield(failing())
    t = asyncio.create_task(w())
    await asyncio.sleep(0)
    t.cancel()
    try: await t
    except asyncio.CancelledError: print("w cancelled")
    await asyncio.sleep(2)
    import gc; gc.collect()
    print("end")
for m in [race, cancel_after_wakeup, double_cancel, same_tick, shield_unretrieved]:
    print("==", m.__name__)
    asyncio.run(m())
