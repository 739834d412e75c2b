"""porecare.ingredients"""
