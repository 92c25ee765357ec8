# Users are Django's auth.User; roles live in organisations.Membership.
