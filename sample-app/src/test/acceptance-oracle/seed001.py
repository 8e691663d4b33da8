import asyncio, common
from common import U, t
class Boom(Exception): pass
MAX = 5
class Fetcher:
    def __init__(self): self.n = 0
    async def fetch(self):
        self.n += 1
        if self.n > MAX: raise Boom('BOOM!')
        await asyncio.sleep(1*U)
        return 1
async def post(f, depth):
    await f.fetch()
    if depth == 0: return 0
    r = await asyncio.gather(*[post(f, depth - 1) for _ in range(2)])
    return 2 + sum(r)
async def top(iteration, depth):
    f = Fetcher()
    results = await asyncio.gather(post(f, depth), post(f, depth))
    print(f"comments {results} ({iteration})", t())
    return f.n
async def poll():
    common.start()
    asyncio.get_running_loop().set_exception_handler(lambda l, c: print("handler", c["message"].split(" ")[:3], repr(c["exception"]), t()))
    for iteration in (1, 2, 3):
        print(f"Calculating comments for top stories. ({iteration})", t())
        fut = asyncio.ensure_future(top(iteration, 1 if iteration == 2 else 0))
        def callback(fut):
            count = fut.result()
            print(f"> Calculating comments took {t()} and {count} fetches")
        fut.add_done_callback(callback)
        print("Waiting for 5 seconds...")
        await asyncio.sleep(5*U)
asyncio.run(poll())
