"""The seed guide's Flask app, reduced to what proves the deployment: a health route that
queries PostgreSQL with the DATABASE_URL that systemd loads from /etc/flask/myapp.env."""
import os

import psycopg2
from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/health")
def health():
    with psycopg2.connect(os.environ["DATABASE_URL"]) as conn, conn.cursor() as cur:
        cur.execute("SELECT current_database(), current_user, count(*) FROM notes")
        database, user, notes = cur.fetchone()
    return jsonify(database=database, user=user, notes=notes)
