"""The journal: the local database, check-offs, diary, photos, progress, reminders, adaptation."""
