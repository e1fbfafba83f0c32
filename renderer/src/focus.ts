// Keyboard and screen-reader users land on the new screen's title when the screen changes (issue 9):
// the first <h1> inside the container takes the focus, as soon as it is drawn (screens load their data
// first). Not at start-up: the page's own order applies there, and a start-up dialog may take the focus.
import { useEffect, useRef, type RefObject } from 'react';

function focusHeading(root: HTMLElement): boolean {
  const h = root.querySelector<HTMLElement>('h1');
  if (!h) return false;
  if (!h.hasAttribute('tabindex')) h.setAttribute('tabindex', '-1');
  h.focus();
  return true;
}

export function useHeadingFocus(screenKey: string, container: RefObject<HTMLElement | null>): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const root = container.current;
    if (!root || focusHeading(root)) return;
    const observer = new MutationObserver(() => {
      if (focusHeading(root)) observer.disconnect();
    });
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [screenKey, container]);
}
