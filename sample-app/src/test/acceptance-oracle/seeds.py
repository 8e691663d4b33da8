import asyncio, common
from common import U, t
async def foo():
    print('Running in foo')
    await asyncio.sleep(0)
    print('Explicit context switch to foo again')
async def bar():
    print('Explicit context to bar')
    await asyncio.sleep(0)
    print('Implicit context switch back to bar')
async def ctx():
    await asyncio.gather(foo(), bar())
async def gr(name, d):
    print(name, "started", t())
    await asyncio.sleep(d*U)
    print(name, "ended", t())
async def gr3():
    print("stuff", t())
    await asyncio.sleep(U)
    print("Done!", t())
async def coop():
    common.start()
    await asyncio.gather(gr("gr1", 2), gr("gr2", 2), gr3())
TREE = {1: [2, 3, 4], 2: [5, 6], 3: [], 4: [7], 5: [], 6: [8, 9], 7: [], 8: [], 9: []}
DELAY = {i: (i % 3) + 1 for i in TREE}
async def count(pid):
    await asyncio.sleep(DELAY[pid]*U)
    kids = TREE[pid]
    if not kids:
        return 0
    res = await asyncio.gather(*[count(k) for k in kids])
    print("post", pid, len(kids) + sum(res), t())
    return len(kids) + sum(res)
async def tree():
    common.start()
    print("total", await count(1), t())
async def log_post(pid):
    await asyncio.sleep(3*U)
    print("logged", pid, t())
async def ff():
    common.start()
    a = asyncio.create_task(log_post(1))
    print("ff returned", t())
    await log_post(2)
    print("awaited returned", t())
async def work(i):
    await asyncio.sleep(2*U)
    print("work done", i, t())
async def periodic_drift():
    common.start()
    for i in range(3):
        print("tick", i, t())
        await work(i)
        await asyncio.sleep(5*U)
async def periodic_nodrift():
    common.start()
    ts = []
    for i in range(3):
        print("tick", i, t())
        ts.append(asyncio.create_task(work(i)))
        await asyncio.sleep(5*U)
    await asyncio.gather(*ts)
class Boom(Exception): pass
async def fetch(pid, d, fail=False):
    await asyncio.sleep(d*U)
    if fail: raise Boom(f"BOOM {pid}")
    return pid * 10
async def first_exc():
    common.start()
    tasks = {asyncio.create_task(fetch(p, d, f)): p for p, d, f in [(1, 1, False), (2, 2, True), (3, 3, False), (4, 4, False)]}
    done, pending = await asyncio.wait(tasks.keys(), return_when=asyncio.FIRST_EXCEPTION)
    for p in pending:
        print("cancel", tasks[p], p.cancel())
    for d in sorted(done, key=lambda x: tasks[x]):
        try:
            print("post", tasks[d], d.result())
        except Boom as e:
            print("error", e)
    await asyncio.sleep(0)
    print([p.cancelled() for p in pending], t())
async def node(pid):
    tasks = []
    try:
        await asyncio.sleep(U)
        kids = TREE[pid]
        tasks = [asyncio.create_task(node(k)) for k in kids]
        if not kids:
            await asyncio.sleep(100*U)
        await asyncio.gather(*tasks)
        return 1
    except asyncio.CancelledError:
        if tasks:
            print(f"post {pid} cancelled, cancelling {len(tasks)} child tasks", t())
            for task in tasks:
                task.cancel()
        else:
            print(f"post {pid} cancelled", t())
        raise
async def cascade():
    common.start()
    root = asyncio.create_task(node(1))
    await asyncio.sleep(10*U)
    root.cancel()
    try:
        await root
    except asyncio.CancelledError:
        print("root cancelled", t())
for m in [ctx, coop, tree, ff, periodic_drift, periodic_nodrift, first_exc, cascade]:
    print("==", m.__name__)
    asyncio.run(m())
