"""The shell: the main window with its menus, toolbars, docks and exports, and starting the app."""
