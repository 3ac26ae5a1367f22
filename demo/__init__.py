"""`alur demo`: a fresh database with several weeks of simulated office work, and the
reports a supervisor would read of them (see `demo.simulation` and `demo.run`)."""
