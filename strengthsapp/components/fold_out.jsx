import { Children, useState } from "react";

// A <details> whose contents are made only when it is first opened, so a board of many
// goals and steps doesn't build every closed form while it loads on a slow phone. Once
// made they stay, so words typed and then folded away are still there when it reopens.
// The first child is the <summary>, always there: the browser and screen readers toggle
// it as any <details>. `open` opens it from the server's side (and builds it).
export function FoldOut({ children, ...props }) {
  const [summary, ...contents] = Children.toArray(children);
  const [toggled, setOpened] = useState(false);
  const opened = toggled || Boolean(props.open);
  const noticeOpen = (event) => {
    if (event.currentTarget.open) setOpened(true);
  };
  return (
    <details {...props} onToggle={noticeOpen}>
      {summary}
      {opened ? contents : null}
    </details>
  );
}
