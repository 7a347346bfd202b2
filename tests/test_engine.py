"""Units of work on SQLite from several threads (the board's looks run on threads)."""

import threading

from sqlalchemy import text

from strengthsapp.db.engine import build_engine, session_scope


def test_units_of_work_on_threads_take_turns_on_sqlite(tmp_path):
    """Each reads, then writes what it read: unless they take turns, two of them read the
    same count (the driver begins the transaction only at the write)."""
    engine = build_engine(f"sqlite:///{tmp_path / 'turns.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE mark (n INTEGER)"))
    failures: list[BaseException] = []
    start = threading.Barrier(8)

    def work() -> None:
        start.wait()
        for _ in range(40):
            try:
                with session_scope(engine) as db:
                    n = db.execute(text("SELECT count(*) FROM mark")).scalar_one()
                    db.execute(text("INSERT INTO mark (n) VALUES (:n)"), {"n": n})
            except Exception as error:
                failures.append(error)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with session_scope(engine) as db:
        counts = db.execute(text("SELECT n FROM mark ORDER BY rowid")).scalars().all()
    assert counts == list(range(8 * 40))  # and each saw every earlier write
    engine.dispose()
