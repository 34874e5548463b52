"""Activities in the GUI: calendar, task list, Today page, reminders, activity editor."""
