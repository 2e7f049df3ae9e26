"""``python manage.py db_worker``: django-tasks-db's worker, which first recovers what
dead delivery workers left behind (``tasks.recover_at_worker_start``), so sending
resumes right after a crash instead of at the next tick."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from newsletter.campaigns import tasks


class Command(DatabaseWorkerCommand):
    help = (f"{DatabaseWorkerCommand.help}. Before the first task it recovers delivery "
            "left behind by dead workers.")

    def handle(self, *args, **options):
        tasks.recover_at_worker_start()
        super().handle(*args, **options)
