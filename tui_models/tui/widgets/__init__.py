"""The explorer's widgets. They render what they are given and post messages up; only the App
coordinates them."""
