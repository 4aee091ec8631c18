"""The jixiao dashboard: a Streamlit app over the warehouse marts (`jixiao dashboard`)."""
