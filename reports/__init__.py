"""Reports for supervisors: what is late now, how each service kept its commitment over a
period, why one case is late, who holds what.

Each report is a function of the database and an instant that returns plain data (the
JSON contract); `reports.render` turns that data into a table, CSV, or JSON, so every face
shows the same numbers from the same function. Selection and counting are done in SQL;
working-time arithmetic on the office calendar (how late, in hari kerja) is done for the
rows selected only.
"""
