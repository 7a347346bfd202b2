"""How this device shows the app: large text. Kept in the browser (it is about the
device and its reader, not the account), so it holds nothing about anyone."""

import reflex as rx


class DisplayState(rx.State):
    large_text: str = rx.LocalStorage("0", name="strengthsapp_large_text", sync=True)

    @rx.event
    def toggle_large_text(self) -> None:
        self.large_text = "0" if self.large_text == "1" else "1"
