"""The web app's pages and the pieces they share; they only wire widgets to `bridge`."""
