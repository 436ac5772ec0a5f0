"""What a running install needs around the use cases: its data folder and key ring (``home``), the
health check (``health``), logging (``logging_setup``), and the work done on a whole data folder
through its key ring: backups (``backup``) and key rotation (``rotation``). Above the services,
below the screens and the command line.

Nothing is imported here: each caller imports the module it needs, so ``--help`` stays light.
"""
