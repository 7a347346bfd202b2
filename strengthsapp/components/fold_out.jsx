import { Children, useLayoutEffect, useRef, useState } from "react";

// A <details> whose contents are made only when it is first opened, so a board of many
// goals and steps doesn't build every closed form while it loads on a slow phone. Once
// made they stay, so words typed and then folded away are still there when it reopens.
// The first child is the <summary>, always there: the browser and screen readers toggle
// it as any <details>.
// `open` opens and closes it from the server's side (and builds it). `startOpen` only
// opens it, before it is painted, whenever it turns true; it never folds it away, so a
// person adding steps one after another keeps the form (and the focus) they are using.
export function FoldOut({ children, startOpen, ...props }) {
  const [summary, ...contents] = Children.toArray(children);
  const details = useRef(null);
  const [toggled, setOpened] = useState(false);
  const opened = toggled || Boolean(props.open) || Boolean(startOpen);
  useLayoutEffect(() => {
    if (startOpen && details.current) details.current.open = true;
  }, [startOpen]);
  const noticeOpen = (event) => {
    if (event.currentTarget.open) setOpened(true);
  };
  return (
    <details {...props} ref={details} onToggle={noticeOpen}>
      {summary}
      {opened ? contents : null}
    </details>
  );
}
