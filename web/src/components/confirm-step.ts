import { useEffect, useRef, useState } from 'react';

/**
 * A confirmation asked in place of the button that needs it (delete, cancel). Focus follows the
 * question: onto the safe choice (`keep`) when it opens, back to the button (`start`) when it
 * closes; not at the first render, which would steal the focus from the page.
 */
export function useConfirmStep() {
  const [confirming, setConfirming] = useState(false);
  const keep = useRef<HTMLButtonElement>(null);
  const start = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  useEffect(() => {
    if (confirming) keep.current?.focus();
    else if (wasConfirming.current) start.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);
  return { confirming, setConfirming, keep, start };
}
