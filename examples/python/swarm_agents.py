"""A multi-agent run in the style of Swarms, logging to CloudWatch through cwlog.

- Agents are components: each has its logger ("agents.planner", ...), and the
  config routes by it (stream "{logger}").
- Customers are tenants: every customer's task runs inside
  ``with cwlog.tenant(customer)``, an asyncio task each, so everything its
  agents log lands in the customer's own group, swarms-customer-<tenant>.
- ``logging`` and loguru side by side: agents log through ``logging`` (the
  handler from a cwlog config), the orchestrator through loguru (a sink on the
  same config) -- one background shipper for both.
- The watchtower-style per-customer handler (``get_customer_handler``) for the
  billing audit trail: a fixed group per customer, a table entry each.

Usage: python3 examples/python/swarm_agents.py examples/python/cwlog.yaml [--tasks N]
(scripts/demo.sh runs it against `cwlog local`.)
"""
import argparse
import asyncio
import logging
import random

from loguru import logger


import cwlog

orchestrator = logger.bind(logger="orchestrator")  # its component name in the config's routes
AGENTS = ("planner", "researcher", "writer")
CUSTOMERS = ("acme", "globex", "initech")


class Agent:
    def __init__(self, name):
        self.name = name
        self.log = logging.getLogger(f"agents.{name}")

    async def run(self, task_id, prompt):
        self.log.info("task %s: %s started", task_id, self.name, extra={"task_id": task_id, "prompt_chars": len(prompt)})
        await asyncio.sleep(random.uniform(0, 0.01))  # the model call
        tokens = random.randint(50, 500)
        if tokens > 480:
            self.log.error("task %s: %s hit the token limit", task_id, self.name, extra={"task_id": task_id, "tokens": tokens})
        else:
            self.log.info("task %s: %s done", task_id, self.name, extra={"task_id": task_id, "tokens": tokens})
        return tokens


def get_customer_handler(customer_id):
    """watchtower's per-customer pattern, unchanged but for the class name."""
    return cwlog.CloudWatchLogHandler(
        log_group_name=f"swarms-billing-{customer_id}",
        log_stream_name=f"customer-{customer_id}-stream",
        log_group_retention_days=365,
        send_interval=1,
    )


async def serve(customer, tasks, agents, billing):
    with cwlog.tenant(customer):  # everything below, and the tasks it creates, is this customer's
        orchestrator.bind(tasks=tasks).info("customer {} connected", customer)
        total = 0
        for t in range(tasks):
            task_id = f"{customer}-{t}"
            results = await asyncio.gather(*(a.run(task_id, "summarise the quarter") for a in agents))
            total += sum(results)
            billing.info("task %s used %d tokens", task_id, sum(results))
        orchestrator.info("customer {} finished: {} tokens", customer, total)


async def main(config, tasks):
    handler = cwlog.CloudWatchLogHandler(config=config)
    agents_root = logging.getLogger("agents")
    agents_root.addHandler(handler)
    agents_root.setLevel(logging.INFO)
    logger.remove()
    logger.add(cwlog.loguru_sink(config=config), level="INFO")
    billing = {}
    for c in CUSTOMERS:
        log = logging.getLogger(f"billing.{c}")
        log.addHandler(get_customer_handler(c))
        log.setLevel(logging.INFO)
        log.propagate = False
        billing[c] = log

    agents = [Agent(name) for name in AGENTS]
    orchestrator.info("swarm up: {} agents, {} customers", len(agents), len(CUSTOMERS))
    await asyncio.gather(*(serve(c, tasks, agents, billing[c]) for c in CUSTOMERS))
    orchestrator.info("swarm done")

    result = handler.shipper.flush(30)
    counters = handler.counters()
    print(f"delivered {counters['delivered']} records, dropped {counters['dropped_total']}, "
          f"flush complete: {result['complete']}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("config")
    ap.add_argument("--tasks", type=int, default=5)
    args = ap.parse_args()
    random.seed(7)
    asyncio.run(main(args.config, args.tasks))
