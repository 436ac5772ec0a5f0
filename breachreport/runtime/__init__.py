"""What a running install needs around the use cases: its data folder and key ring (``home``), the
health check (``health``) and logging (``logging_setup``). Above the services, below the screens
and the command line.

Nothing is imported here: each caller imports the module it needs, so ``--help`` stays light.
"""
