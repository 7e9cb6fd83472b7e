import { type ReactNode, useEffect, useRef } from 'react';

let firstPage = true;

/**
 * The page's h1. After a navigation inside the app it takes the focus, so keyboard and screen
 * reader users start at the new page instead of the link they left; the first page keeps the
 * browser's own focus.
 */
export function PageHeading({ children, aside }: { children: ReactNode; aside?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (firstPage) {
      firstPage = false;
      return;
    }
    ref.current?.focus();
  }, []);
  return (
    <div className="page-heading">
      <h1 id="page-title" tabIndex={-1} ref={ref}>
        {children}
      </h1>
      {aside}
    </div>
  );
}
