"""porecare.web"""
