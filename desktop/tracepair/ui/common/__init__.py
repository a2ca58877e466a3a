"""What every part of the UI uses: the background worker, images for export, palette colours, settings."""
