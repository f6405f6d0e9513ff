"""Watching feeds: poll RSS/Atom feeds politely, analyze only their new items, into a store.

- `feeds`: one feed fetched (conditional GET), its entries keyed, an entry's article read;
  every request through one `Fetcher`;
- `politeness`: a pause between requests to one host, and each site's robots.txt;
- `state`: what the store keeps between polls (`feeds`, `feed_items`): validators,
  claims, what became of every item;
- `watcher`: the loop: rounds of polls, the new articles stored, analyzed, built into the
  corpus tables, one log line per poll;
- `stop`: the flag SIGINT/SIGTERM set, so a watch stops between two writes.

`realpolitik watch` (cli/watch.py) is a thin skin over `Watcher`; docs/watching.md says how
to run it.
"""

from .feeds import read_feed_list
from .state import FeedState
from .stop import StopFlag, stop_on_signals
from .watcher import PollResult, Watcher, WatchSummary, parse_interval

__all__ = [
    "FeedState",
    "PollResult",
    "StopFlag",
    "WatchSummary",
    "Watcher",
    "parse_interval",
    "read_feed_list",
    "stop_on_signals",
]
