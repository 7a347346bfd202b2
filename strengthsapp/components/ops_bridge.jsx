import { useEffect } from "react";
import { eventLoop } from "$/utils/context-registry";
import { ReflexEvent } from "$/utils/state";

// While this page's socket is up, the outbox (assets/outbox.js) sends the operations it
// keeps as an event of `handler` (BoardState.send_ops), answered on the same socket; the
// change and this screen's look at the board are then one piece of work on the server.
// With no socket (no signal, a page still loading, the service worker) it posts them.
export function OpsBridge({ handler }) {
  useEffect(() => {
    const socket = {
      ready: () => navigator.onLine && eventLoop.connectErrors.length === 0,
      send: (ops, ask) => eventLoop.addEvents([ReflexEvent(handler, { ops, ask })]),
    };
    let linked = false;
    const link = () => {
      if (!linked && window.saOutbox) {
        window.saOutbox.useSocket(socket);
        linked = true;
      }
    };
    link();
    window.addEventListener("load", link, { once: true });
    return () => {
      window.removeEventListener("load", link);
      if (linked) window.saOutbox.useSocket(null);
    };
  }, [handler]);
  return null;
}
