import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { FeedSnapshot, StateFeed } from './stateFeed';

export const Feed = createContext<StateFeed | null>(null);

/** The page's one queue-state loop and what it last read. */
export function useFeed(): { feed: StateFeed; snapshot: FeedSnapshot } {
  const feed = useContext(Feed);
  if (!feed) throw new Error('useFeed outside <Feed.Provider>');
  const [snapshot, setSnapshot] = useState(feed.current);
  useEffect(() => feed.subscribe(setSnapshot), [feed]);
  return { feed, snapshot };
}
